

prefix

value-of-prefix

x

*