"use client";
import { ErrorPage, type ErrorPageProps } from "@/components/console/error-page";

// Pages outside the console's layout (sign-in): the same page, on its own.
export default function RootError(props: ErrorPageProps) {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <ErrorPage {...props} />
    </main>
  );
}
