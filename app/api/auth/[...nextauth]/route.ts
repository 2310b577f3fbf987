import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { handleAuthRoute } from "@/lib/auth/auth-route";

export const GET = (request: NextRequest) => handleAuthRoute(request, handlers.GET);
export const POST = (request: NextRequest) => handleAuthRoute(request, handlers.POST);
