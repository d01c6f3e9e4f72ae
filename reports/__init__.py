"""The programme's report for its funders: figures per district and month
(businesses, profiles, positions, campaigns, workshops) in the admin and as
CSV/XLSX, computed in a constant number of queries."""
