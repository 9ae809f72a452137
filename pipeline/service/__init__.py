"""The editors' service: suggestions while they write, the reasons for them, and their feedback.

``pipeline serve`` runs it (FastAPI on uvicorn): ``POST /v1/analyze`` repairs a draft and
runs the stages of a run on it (every enabled stage of :mod:`pipeline.core.registry`), with
each tag's score, threshold and evidence; ``POST /v1/feedback`` stores an editor's
decision in SQLite; ``/`` is the editor page. Modules:

- :mod:`pipeline.service.config`: the options of ``pipeline serve``;
- :mod:`pipeline.service.schemas`: the requests and answers (the OpenAPI schema);
- :mod:`pipeline.service.analysis`: the CPU-bound work, run in worker processes;
- :mod:`pipeline.service.pool`: those processes (forked once the stages are loaded);
- :mod:`pipeline.service.store`: the feedback database;
- :mod:`pipeline.service.guard`: refuses oversized, non-UTF-8 and non-JSON bodies early;
- :mod:`pipeline.service.app`: the application and its routes.
"""
