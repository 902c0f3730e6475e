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
  TicketType,
} from "@/server/db/generated/enums";

export const roleSchema = z.enum(Role);
export const certificateSchema = z.enum(Certificate);
export const filmStatusSchema = z.enum(FilmStatus);
export const screeningFormatSchema = z.enum(ScreeningFormat);
export const screeningStatusSchema = z.enum(ScreeningStatus);
export const screenPositionSchema = z.enum(ScreenPosition);
export const seatKindSchema = z.enum(SeatKind);
export const ticketTypeSchema = z.enum(TicketType);
export const ticketStatusSchema = z.enum(TicketStatus);
export const salesChannelSchema = z.enum(SalesChannel);
export const orderStatusSchema = z.enum(OrderStatus);
export const paymentStatusSchema = z.enum(PaymentStatus);
export const refundStatusSchema = z.enum(RefundStatus);
export const advertPlacementSchema = z.enum(AdvertPlacement);
export const announcementSeveritySchema = z.enum(AnnouncementSeverity);
