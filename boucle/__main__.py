from boucle.cli import main

main()
