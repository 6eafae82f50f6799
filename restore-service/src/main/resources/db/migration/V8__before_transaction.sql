-- A point-in-time restore may name the transaction to stop just before (its commit position) in place of a moment.
ALTER TABLE restore_request ADD COLUMN before_transaction varchar(17);
