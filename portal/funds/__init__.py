"""Fund disclosures: income, expenditure and balance by region, fund and period."""
