import { notFound } from "next/navigation";

// Any URL under the console that names no page: the console's own 404 (app/(console)/not-found.tsx),
// inside its header and search, instead of Next's bare page.
export default function MissingPage(): never {
  notFound();
}
