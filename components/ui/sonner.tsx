"use client";

import dynamic from "next/dynamic";

// Every page mounts the toaster, few pages ever toast, and nothing toasts before the page has been used: it is
// fetched after the page has loaded rather than with it. Toasts come from `toast()` in "sonner", as before.
const Sonner = dynamic(() => import("sonner").then((module) => module.Toaster), { ssr: false });

function Toaster(props: React.ComponentProps<typeof Sonner>) {
  return <Sonner className="toaster group" richColors closeButton {...props} />;
}

export { Toaster };
