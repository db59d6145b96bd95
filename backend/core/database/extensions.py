"""Module-level extension objects; `create_app` binds them to an app (the factory pattern)."""
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

from backend.core.database.base import Base

db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate(compare_type=True, render_as_batch=True)
