import { Link } from "@/components/ui/link";

export default function Forbidden() {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <title>No access · Access console</title>
      <h1 className="text-2xl font-semibold">You don&apos;t have access to this page</h1>
      <p className="mt-3 text-slate-700">Your role does not include it. The attempt was recorded. If you need it for a ticket, ask a team lead or an admin.</p>
      <Link href="/" className="mt-6 inline-block text-blue-800 underline">
        Back to the console
      </Link>
    </main>
  );
}
