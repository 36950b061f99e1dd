"""Citations: archive URLs, the offline rules, the live checks and the report they feed."""
