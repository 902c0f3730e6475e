import type { Metadata } from "next";
import { AdvertsManager } from "@/components/admin/adverts-manager";
import { PreShowReelPanel } from "@/components/admin/pre-show-reel";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { requirePageRole } from "@/lib/auth/guards";
import { serverApi } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Adverts · Admin" };

export default async function AdminAdvertsPage() {
  await requirePageRole("ADMIN", "/admin/adverts");
  const api = await serverApi();
  const initial = await api.admin.adverts.list({});
  return (
    <section aria-labelledby="adverts-heading" className="space-y-5">
      <div className="space-y-1">
        <h2 id="adverts-heading" className="text-xl font-semibold">
          Adverts
        </h2>
        <p className="text-muted-foreground text-sm">
          The home page&apos;s hero and offers strip, and pre-show adverts and trailers: each shown in its placement (and cinemas) between a start and an end while active. The pre-show reel tab shows what plays before a screening and for how long.
        </p>
      </div>
      <Tabs defaultValue="adverts">
        <TabsList>
          <TabsTrigger value="adverts">Adverts</TabsTrigger>
          <TabsTrigger value="reel">Pre-show reel</TabsTrigger>
        </TabsList>
        <TabsContent value="adverts" className="pt-2">
          <AdvertsManager initial={initial} />
        </TabsContent>
        <TabsContent value="reel" className="pt-2">
          <PreShowReelPanel cinemas={initial.cinemas} />
        </TabsContent>
      </Tabs>
    </section>
  );
}
