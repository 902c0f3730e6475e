"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { Loader2, UserCheck, UserX, Users } from "lucide-react";
import { useState, useSyncExternalStore } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import type { RouterInputs, RouterOutputs } from "@/lib/trpc/types";
import { LoadMore, startingWith } from "./load-more";
import { roleNames } from "./role-names";

type UserPage = RouterOutputs["admin"]["users"];
type UserRow = UserPage["users"][number];
type Role = UserRow["role"];
export type PeopleFilter = Omit<RouterInputs["admin"]["users"], "cursor">;

/** The people matching the page's filter, a page at a time ("Load more"), with each person's role and account status. */
export function PeopleDirectory({ filter, firstPage, currentUserId }: { filter: PeopleFilter; firstPage: UserPage; currentUserId: string }) {
  const trpc = useTRPC();
  const people = useInfiniteQuery(
    trpc.admin.users.infiniteQueryOptions(filter, startingWith(firstPage)),
  );
  const users = people.data?.pages.flatMap((page) => page.users) ?? [];
  // Marks the list as ready for clicks once hydrated (end-to-end tests wait for it rather than for time).
  const interactive = useSyncExternalStore(subscribeNever, () => true, () => false) || undefined;

  if (users.length === 0) {
    return (
      <div
        className="text-muted-foreground flex flex-col items-center gap-2 rounded-lg border border-dashed py-12"
        role="status"
        data-interactive={interactive}
      >
        <Users className="size-8" aria-hidden />
        <p>Nobody matches these filters.</p>
      </div>
    );
  }
  return (
    <div className="space-y-4" data-interactive={interactive}>
      <Table aria-label="People">
        <TableHeader>
          <TableRow>
            <TableHead>Name</TableHead>
            <TableHead>Email</TableHead>
            <TableHead>Verified</TableHead>
            <TableHead>Joined</TableHead>
            <TableHead className="w-44">Role</TableHead>
            <TableHead className="w-36">Account</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {users.map((user) => (
            <TableRow key={user.id} data-testid="person-row">
              <TableCell className="font-medium">
                <span className="flex flex-wrap items-center gap-2">
                  {user.name}
                  {user.id === currentUserId ? <Badge variant="secondary">You</Badge> : null}
                  {user.disabledAt ? <Badge variant="destructive">Disabled</Badge> : null}
                </span>
              </TableCell>
              <TableCell>{user.email}</TableCell>
              <TableCell>{user.emailVerifiedAt ? "Yes" : "No"}</TableCell>
              <TableCell className="tabular-nums">{user.createdAt.toLocaleDateString("en-GB")}</TableCell>
              <TableCell>
                <RoleSelect user={user} />
              </TableCell>
              <TableCell>{user.id === currentUserId ? null : <AccountStatusAction user={user} />}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <LoadMore list={people} label="Load more people" />
    </div>
  );
}

const subscribeNever = () => () => {};

function useRefreshPeople() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.admin.users.pathKey() });
}

function RoleSelect({ user }: { user: UserRow }) {
  const trpc = useTRPC();
  const refreshPeople = useRefreshPeople();
  const [role, setRole] = useState<Role>(user.role);
  const setRoleMutation = useMutation(
    trpc.admin.setRole.mutationOptions({
      onSuccess: async (_data, variables) => {
        toast.success(`${user.name} is now ${roleNames[variables.role].toLowerCase()}. Their sessions were signed out.`);
        await refreshPeople();
      },
      onError: (error) => {
        setRole(user.role);
        toast.error(error.message);
      },
    }),
  );
  return (
    <div className="flex items-center gap-2">
      <Select
        value={role}
        disabled={setRoleMutation.isPending}
        onValueChange={(value) => {
          const next = value as Role;
          setRole(next);
          setRoleMutation.mutate({ userId: user.id, role: next });
        }}
      >
        <SelectTrigger aria-label={`Role for ${user.name}`} className="w-32">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {(Object.keys(roleNames) as Role[]).map((value) => (
            <SelectItem key={value} value={value}>
              {roleNames[value]}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
      {setRoleMutation.isPending ? <Loader2 className="size-4 animate-spin" aria-label="Saving" /> : null}
    </div>
  );
}

/** "Disable" or "Enable", each confirmed in a dialog; focus goes back to the button when the dialog closes. */
function AccountStatusAction({ user }: { user: UserRow }) {
  const trpc = useTRPC();
  const refreshPeople = useRefreshPeople();
  const [open, setOpen] = useState(false);
  const disabled = user.disabledAt !== null;
  const options = {
    onSuccess: async () => {
      await refreshPeople();
      setOpen(false);
      toast.success(
        disabled ? `${user.name} can sign in again.` : `${user.name}'s account is disabled. They were signed out everywhere.`,
      );
    },
    onError: (error: { message: string }) => toast.error(error.message),
  };
  const disable = useMutation(trpc.admin.disableAccount.mutationOptions(options));
  const enable = useMutation(trpc.admin.enableAccount.mutationOptions(options));
  const pending = disable.isPending || enable.isPending;
  return (
    <Dialog open={open} onOpenChange={(next) => !pending && setOpen(next)}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm" aria-label={`${disabled ? "Enable" : "Disable"} ${user.name}'s account`}>
          {disabled ? <UserCheck aria-hidden /> : <UserX aria-hidden />}
          {disabled ? "Enable" : "Disable"}
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{disabled ? `Enable ${user.name}'s account?` : `Disable ${user.name}'s account?`}</DialogTitle>
          <DialogDescription>
            {disabled
              ? `${user.email} will be able to sign in again with their password.`
              : `${user.email} will be signed out everywhere at once and can't sign in until an admin enables the account again.`}
          </DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline" disabled={pending}>
              Cancel
            </Button>
          </DialogClose>
          <Button
            variant={disabled ? "default" : "destructive"}
            disabled={pending}
            aria-busy={pending}
            onClick={() => (disabled ? enable : disable).mutate({ userId: user.id })}
          >
            {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
            {disabled ? "Enable account" : "Disable account"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
