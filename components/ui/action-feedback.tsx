import { Alert } from "@/components/ui/alert";
import type { ActionFailure } from "@/lib/model/action-result";

/**
 * What a staff action answered, under the control that asked. Failures are ARIA
 * alerts (they appear after the click and need attention); a success is announced
 * politely. The live region is always rendered so screen readers notice its content.
 */
export function ActionFeedback({ failure, success }: { failure: ActionFailure | null; success: string | null }) {
  return (
    <div aria-live="polite">
      {failure ? (
        <Alert tone={failure.code === "INVALID_INPUT" ? "warning" : "danger"} live>
          {failure.message}
        </Alert>
      ) : success ? (
        <Alert tone="success">{success}</Alert>
      ) : null}
    </div>
  );
}
