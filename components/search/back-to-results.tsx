import { Link } from "@/components/ui/link";

/** Shown on a page the search jumped to: the other matches are one click away. */
export function BackToResults({ from }: { from: string | string[] | undefined }) {
  if (typeof from !== "string" || !from.trim()) return null;
  const query = from.slice(0, 254);
  return (
    <Link href={`/?q=${encodeURIComponent(query)}&list`} className="w-fit text-sm text-blue-800 underline">
      ← All matches for “{query}”
    </Link>
  );
}
