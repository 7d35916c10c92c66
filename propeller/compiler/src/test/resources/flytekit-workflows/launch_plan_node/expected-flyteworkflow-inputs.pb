

b

*

tag

value-of-tag