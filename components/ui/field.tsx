import type { ReactNode } from "react";
import { cx } from "@/lib/cx";

export interface FieldMessages {
  /** Shown under the field and announced with it (aria-describedby). */
  error?: string;
  hint?: string;
}

/** The id the control must point `aria-describedby` at: the error, else the hint. */
export function describedByFor(fieldId: string | undefined, { error, hint }: FieldMessages): string | undefined {
  return error ? `${fieldId}-error` : hint ? `${fieldId}-hint` : undefined;
}

/** Label, control and the error or hint under it: the frame Input and Select share. */
export function Field({
  fieldId,
  label,
  labelClassName = "text-sm font-medium text-slate-800",
  error,
  hint,
  className,
  children,
}: FieldMessages & { fieldId: string | undefined; label: string; labelClassName?: string; className?: string | undefined; children: ReactNode }) {
  return (
    <div className={cx("flex min-w-0 flex-col gap-1", className)}>
      <label htmlFor={fieldId} className={labelClassName}>
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${fieldId}-error`} className="text-sm text-red-700">
          {error}
        </p>
      ) : hint ? (
        <p id={`${fieldId}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
