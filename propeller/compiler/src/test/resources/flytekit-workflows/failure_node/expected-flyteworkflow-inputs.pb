

name

value-of-name

x

*