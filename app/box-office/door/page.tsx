import type { Metadata } from "next";
import { DoorScreen } from "@/components/box-office/door/door-screen";
import { requirePageRole } from "@/lib/auth/guards";
import { serverApi } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Door · Box office" };

export default async function DoorPage({ searchParams }: PageProps<"/box-office/door">) {
  await requirePageRole("STAFF", "/box-office/door");
  const params = await searchParams;
  const cinemaId = typeof params.cinema === "string" ? params.cinema : undefined;
  const screeningId = typeof params.screening === "string" ? params.screening : undefined;
  const day = await (await serverApi()).door.today({ cinemaId });
  return (
    <div className="space-y-3">
      <h1 className="sr-only">Door</h1>
      <DoorScreen key={day.cinema?.id ?? "none"} initialDay={day} initialScreeningId={screeningId} />
    </div>
  );
}
