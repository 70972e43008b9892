"""Pages in: reading files (:mod:`.ingest`), learning a site's furniture (:mod:`.furniture`), segmenting and
extracting in worker processes (:mod:`.prepare`), and storing them (:mod:`.pipeline`, also re-extraction)."""
