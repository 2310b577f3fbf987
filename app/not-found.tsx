import { Link } from "@/components/ui/link";

// A 404 outside the console's pages (the catch-all in app/(console) takes the rest).
export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <title>Page not found · Access console</title>
      <h1 className="text-2xl font-semibold">No page at this address</h1>
      <Link href="/" className="mt-6 inline-block text-blue-800 underline">
        Back to search
      </Link>
    </main>
  );
}
