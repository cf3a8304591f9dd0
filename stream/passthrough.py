"""A no-op Faust agent for the benchmark's baseline: the cost of Faust + broker alone.

Same app settings and the same batching/ack structure as the screening agent,
but every input message is forwarded unchanged, so "screening events/s ÷
passthrough events/s" isolates what screening itself costs.
Run as ``python -m stream.passthrough`` with the usual environment.
"""

from __future__ import annotations

import asyncio

import faust

from stream.app import create_app, execute_worker
from stream.settings import Settings


def main() -> int:
    settings = Settings.from_env()
    app, topics = create_app(settings)

    @app.agent(topics.inputs, name="passthrough")
    async def passthrough(stream: faust.StreamT) -> None:
        async for batch in stream.take_events(256, within=0.005):
            pending = [await topics.decisions.send(key=e.message.key, value=e.message.value) for e in batch]
            await asyncio.gather(*pending)

    return execute_worker(app, settings.log_level)


if __name__ == "__main__":
    raise SystemExit(main())
