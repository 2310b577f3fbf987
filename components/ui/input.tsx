import type { InputHTMLAttributes } from "react";
import { cx } from "@/lib/cx";
import { describedByFor, Field, type FieldMessages } from "./field";

export interface InputProps extends InputHTMLAttributes<HTMLInputElement>, FieldMessages {
  label: string;
}

export function Input({ label, error, hint, id, name, className, ...props }: InputProps) {
  const fieldId = id ?? name;
  return (
    <Field fieldId={fieldId} label={label} error={error} hint={hint} className={className}>
      <input
        id={fieldId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedByFor(fieldId, { error, hint })}
        className={cx("rounded-md border px-3 py-2 text-sm text-slate-900 shadow-sm", error ? "border-red-600" : "border-slate-300")}
        {...props}
      />
    </Field>
  );
}
