import type { InputHTMLAttributes } from "react";
import { cx } from "@/lib/cx";
import { describedByFor, Field, type FieldMessages } from "./field";

export interface InputProps extends InputHTMLAttributes<HTMLInputElement>, FieldMessages {
  label: string;
}

/**
 * A day typed as the console writes dates everywhere (2026-11-30). A native date picker
 * would show the browser's locale format (11/30/2026) instead; the server validates the
 * same YYYY-MM-DD. The label says which zone the day is in (the staff member's own on
 * the audit log, UTC on the permissions audit).
 */
export const DAY_INPUT = {
  type: "text",
  inputMode: "numeric",
  pattern: "\\d{4}-\\d{2}-\\d{2}",
  placeholder: "YYYY-MM-DD",
  autoComplete: "off",
  title: "A day as YYYY-MM-DD",
} as const;

export function Input({ label, error, hint, id, name, className, ...props }: InputProps) {
  const fieldId = id ?? name;
  return (
    <Field fieldId={fieldId} label={label} error={error} hint={hint} className={className}>
      <input
        id={fieldId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedByFor(fieldId, { error, hint })}
        className={cx("w-full min-w-0 rounded-md border px-3 py-2 text-sm text-slate-900 shadow-sm", error ? "border-red-600" : "border-slate-300")}
        {...props}
      />
    </Field>
  );
}
