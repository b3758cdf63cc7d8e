from career.cli.main import run

run()
