// The database's enums as zod schemas, derived from Prisma's generated enums (prisma/schema.prisma is their one
// source): modules' schemas.ts files and client components use these rather than listing the values again.
// Imports only the generated enums file, which holds plain objects, so client components can import it.
import { z } from "zod";
import {
  AdvertPlacement,
  AnnouncementSeverity,
  Certificate,
  FilmStatus,
  OrderStatus,
  PaymentStatus,
  RefundStatus,
  Role,
  SalesChannel,
  ScreenPosition,
  ScreeningFormat,
  ScreeningStatus,
  SeatKind,
  TicketStatus,
} from "@/server/db/generated/enums";

export const roleSchema = z.enum(Role);
export const certificateSchema = z.enum(Certificate);
export const filmStatusSchema = z.enum(FilmStatus);
export const screeningFormatSchema = z.enum(ScreeningFormat);
export const screeningStatusSchema = z.enum(ScreeningStatus);
export const screenPositionSchema = z.enum(ScreenPosition);
export const seatKindSchema = z.enum(SeatKind);
/**
 * A ticket type's code: ADULT, CHILD, SENIOR, STUDENT or one a cinema made up (MEMBER, CARER, …). Which codes a
 * screening sells is its cinema's active TicketType rows with a price in its plan. The format is also a CHECK in SQL.
 */
export const ticketTypeCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Z][A-Z0-9_]{0,31}$/, "Use capital letters, digits and underscores, starting with a letter (at most 32).");
export const ticketTypeSchema = ticketTypeCodeSchema;
export const ticketStatusSchema = z.enum(TicketStatus);
export const salesChannelSchema = z.enum(SalesChannel);
export const orderStatusSchema = z.enum(OrderStatus);
export const paymentStatusSchema = z.enum(PaymentStatus);
export const refundStatusSchema = z.enum(RefundStatus);
export const advertPlacementSchema = z.enum(AdvertPlacement);
export const announcementSeveritySchema = z.enum(AnnouncementSeverity);
