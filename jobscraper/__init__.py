"""jobscraper: a database of the job postings of tech companies with R&D in Israel."""
