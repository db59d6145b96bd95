"""The yardstick: a bare Flask JSON endpoint, served exactly like DogPass in the same run."""
from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/bare")
def bare():
    return jsonify({"status": "ok"})
