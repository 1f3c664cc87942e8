from commscli.cli import main

main()
