from career.cli.entry import run

run()
