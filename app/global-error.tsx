"use client";
import "./globals.css";
import { ErrorPage, type ErrorPageProps } from "@/components/console/error-page";

// The root layout itself failed: this replaces it, so it brings its own html and body.
export default function GlobalError(props: ErrorPageProps) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <title>Error · Access console</title>
        <main id="main" className="mx-auto max-w-xl px-4 py-16">
          <ErrorPage {...props} />
        </main>
      </body>
    </html>
  );
}
