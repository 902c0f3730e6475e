"use client";

import { useMutation } from "@tanstack/react-query";
import { Loader2, Users } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import type { RouterOutputs } from "@/lib/trpc/types";

type UserRow = RouterOutputs["admin"]["users"]["users"][number];
type Role = UserRow["role"];

const roleNames: Record<Role, string> = { CUSTOMER: "Customer", STAFF: "Staff", ADMIN: "Admin" };

export function UsersTable({ users, currentUserId }: { users: UserRow[]; currentUserId: string }) {
  if (users.length === 0) {
    return (
      <div className="text-muted-foreground flex flex-col items-center gap-2 rounded-lg border border-dashed py-12">
        <Users className="size-8" aria-hidden />
        <p>Nobody matches that search.</p>
      </div>
    );
  }
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Email</TableHead>
          <TableHead>Verified</TableHead>
          <TableHead>Joined</TableHead>
          <TableHead className="w-44">Role</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {users.map((user) => (
          <TableRow key={user.id}>
            <TableCell className="font-medium">
              {user.name}
              {user.id === currentUserId ? (
                <Badge variant="secondary" className="ml-2">
                  You
                </Badge>
              ) : null}
            </TableCell>
            <TableCell>{user.email}</TableCell>
            <TableCell>{user.emailVerifiedAt ? "Yes" : "No"}</TableCell>
            <TableCell>{user.createdAt.toLocaleDateString("en-GB")}</TableCell>
            <TableCell>
              <RoleSelect user={user} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function RoleSelect({ user }: { user: UserRow }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [role, setRole] = useState<Role>(user.role);
  const setRoleMutation = useMutation(
    trpc.admin.setRole.mutationOptions({
      onSuccess: (_data, variables) => {
        toast.success(`${user.name} is now ${roleNames[variables.role].toLowerCase()}. Their sessions were signed out.`);
        router.refresh();
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
