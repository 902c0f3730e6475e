import type { Metadata } from "next";
import { ScreeningsScheduler } from "@/components/admin/screenings-scheduler";
import { requirePageRole } from "@/lib/auth/guards";
import { isBadRequestError } from "@/lib/trpc/errors";
import { serverApi } from "@/lib/trpc/server";
import { hasRole } from "@/server/accounts/roles";

export const metadata: Metadata = { title: "Screenings · Admin" };

// Staff may read the week; only admins schedule, edit, publish and cancel (the procedures check again).
export default async function AdminScreeningsPage() {
  const session = await requirePageRole("STAFF", "/admin/screenings");
  const api = await serverApi();
  // A fresh install has no cinema yet: say so instead of failing.
  const initial = await api.admin.screenings.week({}).catch((error: unknown) => {
    if (isBadRequestError(error)) return null;
    throw error;
  });
  return (
    <section aria-labelledby="screenings-heading" className="space-y-5">
      <div className="space-y-1">
        <h2 id="screenings-heading" className="text-xl font-semibold">
          Screenings
        </h2>
        <p className="text-muted-foreground text-sm">
          A cinema&apos;s week, one lane per hall. Each block runs from the pre-show (adverts and trailers) through the film to the end of
          cleaning; new screenings are drafts until the week is published.
        </p>
      </div>
      {initial ? (
        <ScreeningsScheduler initial={initial} canEdit={hasRole(session.user, "ADMIN")} />
      ) : (
        <p className="text-muted-foreground text-sm">There is no cinema yet: add a cinema and its halls first.</p>
      )}
    </section>
  );
}
