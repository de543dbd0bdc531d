from tdkt.cli import main

main()
