import { cx } from "@/lib/cx";
import { CopyButton } from "./copy-button";

/**
 * A value that must not break mid-word (an email, a ticket reference, an IP): kept on
 * one line and cut with an ellipsis where the column is narrow, the whole value in the
 * tooltip (title). `copy` adds a copy button, named for what it copies ("Copy email"),
 * for the values agents paste into tickets and other tools.
 */
export function Truncated({
  value,
  copy,
  mono = false,
  className,
}: {
  value: string;
  /** What the value is, for the copy button's name ("email"); none: no button. */
  copy?: string;
  mono?: boolean;
  className?: string;
}) {
  return (
    <span className={cx("inline-flex max-w-full min-w-0 items-center gap-0.5 align-top", className)}>
      <span className={cx("min-w-0 truncate", mono && "font-mono text-xs")} title={value}>
        {value}
      </span>
      {copy ? <CopyButton compact text={value} label={`Copy ${copy} ${value}`} /> : null}
    </span>
  );
}
