import type { SelectHTMLAttributes } from "react";
import { cx } from "@/lib/cx";

export interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  options: readonly { value: string; label: string }[];
  /** Keeps the label for screen readers only (e.g. one select per table row). */
  hideLabel?: boolean;
  /** Shown under the field and announced with it (aria-describedby). */
  error?: string;
  hint?: string;
}

export function Select({ label, options, hideLabel = false, error, hint, id, name, className, ...props }: SelectProps) {
  const fieldId = id ?? name;
  const describedBy = error ? `${fieldId}-error` : hint ? `${fieldId}-hint` : undefined;
  return (
    <div className={cx("flex flex-col gap-1", className)}>
      <label htmlFor={fieldId} className={hideLabel ? "sr-only" : "text-sm font-medium text-slate-800"}>
        {label}
      </label>
      <select
        id={fieldId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={cx("rounded-md border bg-white px-3 py-2 text-sm text-slate-900 shadow-sm", error ? "border-red-600" : "border-slate-300")}
        {...props}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
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
