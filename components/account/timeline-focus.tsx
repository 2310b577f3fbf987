"use client";
// After an evidence jump (a finding's link to `#login_attempt-123`), the entry it points
// at gets keyboard focus and a stronger highlight, so the agent's next Tab starts there
// and the eye finds it. The target may be a member of a collapsed row: the row lists its
// other members' ids in `data-keys` (no element has those ids, so the browser does not
// scroll there itself: focusing the row does).
import { useEffect } from "react";

const JUMPED = "data-jumped";

function focusTarget(): void {
  const id = decodeURIComponent(window.location.hash.slice(1));
  if (!id || id === "timeline") return;
  const target = (document.getElementById(id) ?? document.querySelector(`[data-keys~="${CSS.escape(id)}"]`))?.closest<HTMLElement>("[data-timeline-entry]");
  if (!target) return;
  for (const previous of document.querySelectorAll(`[${JUMPED}]`)) previous.removeAttribute(JUMPED);
  target.setAttribute(JUMPED, "");
  target.focus({ preventScroll: false });
}

export function TimelineFocus() {
  useEffect(() => {
    focusTarget();
    window.addEventListener("hashchange", focusTarget);
    return () => window.removeEventListener("hashchange", focusTarget);
  }, []);
  return null;
}
