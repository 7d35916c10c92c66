

given
:

namegiven

n

*