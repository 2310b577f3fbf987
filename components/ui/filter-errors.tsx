import { Alert } from "./alert";

/**
 * The one answer of a list page to a filter it cannot use: nothing was searched, and
 * every problem is listed at once (also those without a field of their own, like a
 * damaged page link), so the lead fixes them in one go.
 */
export function FilterErrors({ errors }: { errors: Record<string, string | undefined> }) {
  const messages = [...new Set(Object.values(errors).filter((m): m is string => Boolean(m)))];
  return (
    <Alert tone="danger" title="Some filters cannot be used" live>
      <p>Nothing was searched. Correct these and apply again:</p>
      <ul className="mt-1 list-disc pl-5">
        {messages.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
    </Alert>
  );
}
