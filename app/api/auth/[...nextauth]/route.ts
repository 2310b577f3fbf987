import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { handleAuthRoute, withCappedBody } from "@/lib/auth/auth-route";

export const GET = (request: NextRequest) => handleAuthRoute(request, handlers.GET);
export const POST = (request: NextRequest) => withCappedBody(request, (capped) => handleAuthRoute(capped, handlers.POST));
