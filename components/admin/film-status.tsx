import { Badge } from "@/components/ui/badge";
import type { FilmStatus } from "@/server/db/generated/enums";

export const filmStatusLabels: Record<FilmStatus, string> = { DRAFT: "Draft", PUBLISHED: "Published", ARCHIVED: "Archived" };

const badgeStyles: Record<FilmStatus, string> = {
  DRAFT: "border-transparent bg-amber-500 text-black",
  PUBLISHED: "border-transparent bg-emerald-600 text-white",
  ARCHIVED: "text-muted-foreground",
};

export function FilmStatusBadge({ status }: { status: FilmStatus }) {
  return (
    <Badge variant="outline" className={badgeStyles[status]}>
      {filmStatusLabels[status]}
    </Badge>
  );
}
