-- grain: one row per contract table and column
-- Rows and empty (null) cells of every column of every contract table, counted once at load for
-- the Data page, so the page never scans the events. The selects below are rendered from
-- analytics/contract (one scan per table, unpivoted to one row per column).
create table mart_column_nulls as
{{column_nulls}}
