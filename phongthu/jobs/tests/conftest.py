from phongthu.military_service.tests.fixtures import *  # noqa: F403
