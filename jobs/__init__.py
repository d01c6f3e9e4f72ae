"""Arbeit im Quartier: the jobs board over the open positions of live
businesses, each position's page with JobPosting data, the interest form that
reaches the programme's job coaches, its feed and API."""
