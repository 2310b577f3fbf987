// The Zendesk ticket sidebar's page (lib/helpdesk/sidebar-page.ts). No staff session:
// Zendesk's signed token says which agent opened it (docs/helpdesk.md#trust-model).
import { serveZendeskSidebar } from "@/lib/helpdesk/sidebar-page";

export const dynamic = "force-dynamic";

export const POST = (request: Request) => serveZendeskSidebar(request);
export const GET = (request: Request) => serveZendeskSidebar(request);
