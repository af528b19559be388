"""The jobs: ingest sources, build every output, write the report, score against gold."""
