"use client";

// Warns before a half-filled label form is left: the browser's own prompt on reload, close or an
// address typed (beforeunload), and a confirmation on in-app navigation (a link to another page,
// or a form outside the label form such as Sign out), which beforeunload does not see.
import { useEffect, type RefObject } from "react";

export function useLeaveWarning(options: { dirty: boolean; message: string; inside?: RefObject<HTMLElement | null> }) {
  const { dirty, message, inside } = options;
  useEffect(() => {
    if (!dirty) return;
    const beforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = "";
    };
    const stay = (event: Event) => {
      if (window.confirm(message)) return;
      event.preventDefault();
      event.stopPropagation();
    };
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
      if (!link || (link.target && link.target !== "_self") || link.hasAttribute("download")) return;
      const url = new URL(link.href, window.location.href);
      // Another site: beforeunload asks. The same page (a skip link, an anchor): nothing is left.
      if (url.origin !== window.location.origin) return;
      if (url.pathname === window.location.pathname && url.search === window.location.search) return;
      stay(event);
    };
    const onSubmit = (event: SubmitEvent) => {
      const form = event.target as HTMLFormElement | null;
      if (!form || inside?.current?.contains(form)) return;
      stay(event);
    };
    window.addEventListener("beforeunload", beforeUnload);
    document.addEventListener("click", onClick, true);
    document.addEventListener("submit", onSubmit, true);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      document.removeEventListener("click", onClick, true);
      document.removeEventListener("submit", onSubmit, true);
    };
  }, [dirty, message, inside]);
}
