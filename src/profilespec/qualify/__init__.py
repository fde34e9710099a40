"""Account qualification: run the ICPs against account lists, in DuckDB or in the warehouse.

``compile`` turns active ICPs into one SQL query, ``engine`` runs it with embedded DuckDB
over CSV, Parquet or JSON Lines, ``backtest`` compares the result with won and lost deals,
``mapping`` reads CRM and enrichment exports. DuckDB and sqlglot are imported only inside
functions that need them, so importing this package costs nothing.
"""
