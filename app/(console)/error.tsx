"use client";
import { ErrorPage, type ErrorPageProps } from "@/components/console/error-page";

// Inside the console's layout: the header and search stay usable when a page fails.
export default function ConsoleError(props: ErrorPageProps) {
  return <ErrorPage {...props} />;
}
