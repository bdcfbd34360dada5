"""Gap analyses of a territory's social-assistance and labour-market network.

The graph of one territory and one period is projected into NetworkX with a
fixed number of store queries (:mod:`queries.analysis.projection`); the
analyses then run in memory, one concern per module:

* :mod:`~queries.analysis.coverage` – needs × gminas, expectations from the law, reachability;
* :mod:`~queries.analysis.structure` – density, centralization, bridges, brokers, communities, sectors;
* :mod:`~queries.analysis.cooperation` – declared versus realised cooperation;
* :mod:`~queries.analysis.pathways` – multi-step client pathways and outcomes;
* :mod:`~queries.analysis.recommend` – partners to know and institutions to fill gaps;
* :mod:`~queries.analysis.compare` – two periods side by side;
* :mod:`~queries.analysis.report` – the :class:`~queries.analysis.report.GapReport`.

Every count derived from client data leaves through :mod:`graph.suppression`
(see :mod:`queries.analysis.privacy`).
"""
