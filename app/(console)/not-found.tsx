import { PageNotFound } from "@/components/console/page-not-found";

export default function ConsoleNotFound() {
  return (
    <>
      <title>Page not found · Access console</title>
      <PageNotFound />
    </>
  );
}
