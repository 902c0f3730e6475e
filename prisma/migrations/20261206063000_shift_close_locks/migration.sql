-- Closing a shift and taking money on it must not interleave: a sale committed after the cash-up summed the drawer
-- but before the shift turned CLOSED would sit on a closed shift outside its figures. The checks now lock the shift
-- row FOR SHARE (sales on one shift don't wait for each other), and the close locks it FOR UPDATE before summing:
-- whichever comes second waits for the first and then sees what it did.
CREATE OR REPLACE FUNCTION money_needs_open_shift() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  shift_status "ShiftStatus";
BEGIN
  IF NEW."shiftId" IS NOT NULL AND (TG_OP = 'INSERT' OR NEW."shiftId" IS DISTINCT FROM OLD."shiftId") THEN
    SELECT "status" INTO shift_status FROM "Shift" WHERE "id" = NEW."shiftId" FOR SHARE;
    IF shift_status = 'CLOSED' THEN
      RAISE EXCEPTION 'shift % is closed', NEW."shiftId" USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION cash_movement_needs_open_shift() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  shift_status "ShiftStatus";
BEGIN
  SELECT "status" INTO shift_status FROM "Shift" WHERE "id" = NEW."shiftId" FOR SHARE;
  IF NEW."kind" <> 'CORRECTION' AND shift_status = 'CLOSED' THEN
    RAISE EXCEPTION 'shift % is closed', NEW."shiftId" USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
