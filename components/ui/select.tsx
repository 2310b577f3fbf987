import type { SelectHTMLAttributes } from "react";
import { cx } from "@/lib/cx";
import { describedByFor, Field, type FieldMessages } from "./field";

export interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement>, FieldMessages {
  label: string;
  options: readonly { value: string; label: string }[];
  /** Keeps the label for screen readers only (e.g. one select per table row). */
  hideLabel?: boolean;
}

export function Select({ label, options, hideLabel = false, error, hint, id, name, className, ...props }: SelectProps) {
  const fieldId = id ?? name;
  return (
    <Field fieldId={fieldId} label={label} labelClassName={hideLabel ? "sr-only" : undefined} error={error} hint={hint} className={className}>
      <select
        id={fieldId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedByFor(fieldId, { error, hint })}
        className={cx("w-full min-w-0 rounded-md border bg-white px-3 py-2 text-sm text-slate-900 shadow-sm", error ? "border-red-600" : "border-slate-300")}
        {...props}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
